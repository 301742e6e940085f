# The registry silo (Orleans silo + HTTP API). Build from the repository root:
#   docker build -f deploy/silo.Dockerfile -t ${REGISTRY}/calcinosis-registry-silo:${TAG} .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore first, from the project files only, so the package layer is cached across source edits.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CalcinosisRegistry.Domain/CalcinosisRegistry.Domain.csproj src/CalcinosisRegistry.Domain/
COPY src/CalcinosisRegistry.Contracts/CalcinosisRegistry.Contracts.csproj src/CalcinosisRegistry.Contracts/
COPY src/CalcinosisRegistry.Grains/CalcinosisRegistry.Grains.csproj src/CalcinosisRegistry.Grains/
COPY src/CalcinosisRegistry.Interchange/CalcinosisRegistry.Interchange.csproj src/CalcinosisRegistry.Interchange/
COPY src/CalcinosisRegistry.Endpoints/CalcinosisRegistry.Endpoints.csproj src/CalcinosisRegistry.Endpoints/
COPY src/CalcinosisRegistry.Web/CalcinosisRegistry.Web.csproj src/CalcinosisRegistry.Web/
COPY src/CalcinosisRegistry.Persistence.PostgreSql/CalcinosisRegistry.Persistence.PostgreSql.csproj src/CalcinosisRegistry.Persistence.PostgreSql/
COPY src/CalcinosisRegistry.Silo/CalcinosisRegistry.Silo.csproj src/CalcinosisRegistry.Silo/
RUN dotnet restore src/CalcinosisRegistry.Silo/CalcinosisRegistry.Silo.csproj
COPY src/ src/
RUN dotnet publish src/CalcinosisRegistry.Silo/CalcinosisRegistry.Silo.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's built-in unprivileged user (uid 1654); the silo needs no root rights.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    Registry__SiloPort=11111 \
    Registry__GatewayPort=30000
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "CalcinosisRegistry.Silo.dll"]
