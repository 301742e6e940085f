# The stateless HTTP front end (Orleans client). Build from the repository root:
#   docker build -f deploy/api.Dockerfile -t ${REGISTRY}/calcinosis-registry-api:${TAG} .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore first, from the project files only: every project the Api references, directly or not (the Operations
# tests check this list against the project graph), or publish --no-restore fails with NETSDK1004.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CalcinosisRegistry.Domain/CalcinosisRegistry.Domain.csproj src/CalcinosisRegistry.Domain/
COPY src/CalcinosisRegistry.Contracts/CalcinosisRegistry.Contracts.csproj src/CalcinosisRegistry.Contracts/
COPY src/CalcinosisRegistry.Interchange/CalcinosisRegistry.Interchange.csproj src/CalcinosisRegistry.Interchange/
COPY src/CalcinosisRegistry.Endpoints/CalcinosisRegistry.Endpoints.csproj src/CalcinosisRegistry.Endpoints/
COPY src/CalcinosisRegistry.Web/CalcinosisRegistry.Web.csproj src/CalcinosisRegistry.Web/
COPY src/CalcinosisRegistry.Persistence.PostgreSql/CalcinosisRegistry.Persistence.PostgreSql.csproj src/CalcinosisRegistry.Persistence.PostgreSql/
COPY src/CalcinosisRegistry.Api/CalcinosisRegistry.Api.csproj src/CalcinosisRegistry.Api/
RUN dotnet restore src/CalcinosisRegistry.Api/CalcinosisRegistry.Api.csproj
COPY src/ src/
RUN dotnet publish src/CalcinosisRegistry.Api/CalcinosisRegistry.Api.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "CalcinosisRegistry.Api.dll"]
